// Starts Elsa Studio (loaded with autostart="false").
//
// The document base is /studio/, where the package is served: Studio resolves its modules, scripts and styles
// against it (elsa-studio-api.md §1.5). Blazor's NavigationManager also takes the document base as its base and
// refuses to start when the page address is not below it ("The URI ... is not contained by the base URI"); our pages
// live at /designer/... and /instances/.../studio. So the navigation base alone is the site root. Studio's own
// navigations stay relative to the document base; studio-host.js sends them to our pages.
(function () {
    'use strict';
    var blazor = window.Blazor;
    if (blazor && blazor._internal && blazor._internal.navigationManager) {
        blazor._internal.navigationManager.getBaseURI = function () { return window.location.origin + '/'; };
    } else {
        console.error('Elsa Studio host: Blazor internals not found; the designer cannot start outside /studio/.');
    }
    blazor.start();
})();
