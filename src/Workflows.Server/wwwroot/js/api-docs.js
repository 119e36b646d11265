// Starts Scalar's API reference (its standalone bundle, served by Scalar.AspNetCore) on /api/docs; a file of our own
// because the CSP allows no inline scripts. The page is opened with the sign-in cookie, which also fetches the document.
(function () {
  var target = document.getElementById('app');
  if (!target || !window.Scalar || !window.Scalar.createApiReference) return;
  window.Scalar.createApiReference(target, {
    url: target.getAttribute('data-openapi-url'),
    withDefaultFonts: false,
    hideClientButton: true,
  });
})();
