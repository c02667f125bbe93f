/**
 * The compile-time flags of Vue and vue-i18n for a page built for the hall:
 * the Composition API only, no devtools, and vue-i18n's message compiler kept
 * (JIT), since the pages' messages are compiled when they are first shown.
 * Exported for every renderer built with Vite (`@hall/display-wall/build-flags`).
 */
export const VUE_BUILD_FLAGS = {
  __VUE_OPTIONS_API__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  __VUE_I18N_FULL_INSTALL__: 'false',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __INTLIFY_JIT_COMPILATION__: 'true',
  __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
} as const;
