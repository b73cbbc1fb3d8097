/**
 * The shop's own screens, bundled into the dashboard because the shop model names this module
 * (`dashboard.module`): products and orders for customers, pending orders for the fulfilment team,
 * and product names wherever an order's lines are shown (`x-format: product`).
 */
import { defineDashboard } from 'factum/dashboard';
import { productBySku } from '../catalog.ts';
import { FulfilmentScreen } from './fulfilment.tsx';
import { OrdersScreen } from './orders.tsx';
import { ProductsScreen } from './products.tsx';

export default defineDashboard({
  screens: [
    { path: 'products', title: 'Products', roles: ['CA01'], component: ProductsScreen },
    { path: 'orders', title: 'My orders', roles: ['CA01'], component: OrdersScreen },
    { path: 'fulfilment', title: 'Pending orders', roles: ['A01'], component: FulfilmentScreen },
  ],
  home: { CA01: 'products', A01: 'fulfilment' },
  formats: {
    product: (sku) =>
      typeof sku === 'string' ? (productBySku(sku)?.name ?? sku) : JSON.stringify(sku),
  },
});
