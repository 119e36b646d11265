// Glue between our pages and Elsa Studio's custom elements (no framework, no network but our own server).
(function () {
    'use strict';
    var script = document.currentScript;

    // Token renewal. Studio reads its access-token attribute once; a new <elsa-backend-provider> element
    //    overwrites the token all elements share (elsa-studio-api.md §1.3). Renew at 80% of the lifetime.
    var expiresAt = Number(script && script.dataset.tokenExpires || 0);
    var tokenUrl = script && script.dataset.tokenUrl;
    function scheduleRenewal() {
        if (!expiresAt || !tokenUrl) return;
        var wait = Math.max(60000, (expiresAt - Date.now()) * 0.8);
        window.setTimeout(renew, Math.min(wait, 2147483647));
    }
    function renew() {
        fetch(tokenUrl, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
            .then(function (t) {
                var provider = document.createElement('elsa-backend-provider');
                provider.setAttribute('access-token', t.accessToken);
                provider.hidden = true;
                document.body.appendChild(provider);
                expiresAt = Date.parse(t.expiresAt);
                scheduleRenewal();
            })
            .catch(function () { window.setTimeout(renew, 60000); });
    }
    scheduleRenewal();

})();
