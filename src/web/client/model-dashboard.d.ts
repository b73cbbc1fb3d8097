/**
 * The screens a model brings with it: the module its `dashboard.module` names, bundled into the
 * dashboard when the server starts (an empty contribution when the model has none). Its default
 * export is a `DashboardExtension` (see extension-types.ts), checked where the module is written.
 */
declare module 'factum:model-dashboard' {
  const contribution: unknown;
  export default contribution;
}
