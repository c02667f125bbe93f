// tsc sees single-file components only through this; their scripts are checked by the Vue plugin when Vite builds them.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
