/** The order view keys sort in, for the contract cases and the in-memory store (see the engine's). */
export { compareCodePoints } from '../../engine/views/code-point-order.ts';
