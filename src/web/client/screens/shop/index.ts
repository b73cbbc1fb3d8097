/** The shop's screens on top of the generic core: products and orders for customers, pending orders for the fulfilment team. */
import type { ModelScreens } from '../registry.ts';
import { FulfilmentScreen } from './fulfilment.tsx';
import { OrdersScreen } from './orders.tsx';
import { ProductsScreen } from './products.tsx';

/** The shop's model-specific screens, by role. */
export const shopScreens: ModelScreens = {
  screens: [
    { path: 'products', title: 'Products', roles: ['CA01'], component: ProductsScreen },
    { path: 'orders', title: 'My orders', roles: ['CA01'], component: OrdersScreen },
    { path: 'fulfilment', title: 'Pending orders', roles: ['A01'], component: FulfilmentScreen },
  ],
  home: { CA01: 'orders', A01: 'fulfilment' },
};
