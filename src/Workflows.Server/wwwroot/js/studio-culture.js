// Studio reads its culture from localStorage at boot (blazorCulture.js); ours follows the page's language.
(function () {
    'use strict';
    var script = document.currentScript;
    try { window.localStorage.setItem('BlazorCulture', script.dataset.culture); } catch (e) { }
})();
