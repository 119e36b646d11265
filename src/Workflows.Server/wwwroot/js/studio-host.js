// Glue between our pages and Elsa Studio's custom elements (no framework, no network but our own server).
(function () {
    'use strict';
    var script = document.currentScript;

    // Token renewal. Studio reads its access-token attribute once; a new <elsa-backend-provider> element
    // overwrites the token all elements share (elsa-studio-api.md §1.3). Renew at 80% of the lifetime.
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

    // Studio's own navigations: after Run the editor opens workflows/instances/{id}/view (pitfall 27), after Save As
    // workflows/definitions/{id}/edit. Blazor resolves them against the document base (/studio/) and only pushes
    // the address (no router in this host), so the page would stay as it is: open our page for them instead. The
    // server redirects the same addresses when they are loaded directly.
    var studioRoutes = [
        [/\/studio\/workflows\/instances\/([^/?#]+)\/view$/, function (id) { return '/instances/' + id + '/studio'; }],
        [/\/studio\/workflows\/definitions\/([^/?#]+)\/edit$/, function (id) { return '/designer/' + id; }],
    ];
    var pushState = history.pushState;
    history.pushState = function (state, title, url) {
        if (url) {
            var path = new URL(url, document.baseURI).pathname;
            for (var i = 0; i < studioRoutes.length; i++) {
                var match = studioRoutes[i][0].exec(path);
                if (match) { window.location.assign(studioRoutes[i][1](match[1])); return; }
            }
        }
        return pushState.apply(history, arguments);
    };

    // The version badge in our bar follows Studio's saves: every save, publish or retract answers with the
    // definition, so the badge reads it from those responses (no extra requests).
    var badge = document.getElementById('definition-state');
    var original = window.fetch;
    if (badge && original) {
        var changes = /\/elsa\/api\/workflow-definitions(\/[^/]+\/(publish|retract))?$/;
        window.fetch = function (input, init) {
            var pending = original.apply(this, arguments);
            try {
                var url = new URL(typeof input === 'string' ? input : input.url, window.location.href);
                var method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
                if (method === 'POST' && changes.test(url.pathname)) {
                    pending.then(function (response) {
                        if (response.ok) response.clone().json().then(showVersion, function () { });
                    }, function () { });
                }
            } catch (e) { /* never let the badge get in Studio's way */ }
            return pending;
        };
    }
    function showVersion(body) {
        var definition = body && (body.workflowDefinition || body);
        if (!definition || definition.definitionId !== badge.dataset.definitionId || typeof definition.version !== 'number') return;
        badge.textContent = badge.dataset.versionText.replace('{0}', definition.version) + ' · '
            + (definition.isPublished ? badge.dataset.publishedText : badge.dataset.draftText);
        badge.className = 'badge ' + (definition.isPublished ? 'ok' : 'warn');
    }
})();
