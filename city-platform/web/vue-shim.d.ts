// Only for plain `tsc`, which cannot read single-file components; vue-tsc reads the .vue files themselves.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
