// Starts Swagger UI on the hall's own OpenAPI document. A file of its own because the hall's pages run no inline script.
// The validator badge is off: it would send the document to a third-party service, which the page's policy forbids anyway.
window.ui = window.SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#api-docs',
  layout: 'BaseLayout',
  deepLinking: true,
  validatorUrl: null,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
});
