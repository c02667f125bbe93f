// Only for plain `tsc`, which cannot read single-file components. vue-tsc (npm run typecheck) resolves the
// .vue files themselves, scripts and templates, and never falls back to this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
