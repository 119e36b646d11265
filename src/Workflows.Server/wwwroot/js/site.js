// Behaviour every page shares. Inline handlers (onsubmit="…") are not allowed by the content security policy,
// so forms that ask before they post say so with data-confirm.
document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form && form.dataset ? form.dataset.confirm : null;
    if (question && !window.confirm(question)) e.preventDefault();
}, true);

// The API takes bearer tokens only (never the page cookie): a signed-in page's scripts get one from /account/token
// and keep it until a minute before it expires. One copy here, for every script that calls the API.
window.wfBearer = (function () {
    var token = null;
    return function () {
        if (token && token.expiresAt - Date.now() > 60000) return Promise.resolve(token.accessToken);
        return fetch("/account/token", { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
            .then(function (t) { token = { accessToken: t.accessToken, expiresAt: Date.parse(t.expiresAt) }; return t.accessToken; });
    };
})();
