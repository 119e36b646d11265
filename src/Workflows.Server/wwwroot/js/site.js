// Behaviour every page shares. Inline handlers (onsubmit="…") are not allowed by the content security policy,
// so forms that ask before they post say so with data-confirm.
document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form && form.dataset ? form.dataset.confirm : null;
    if (question && !window.confirm(question)) e.preventDefault();
}, true);
