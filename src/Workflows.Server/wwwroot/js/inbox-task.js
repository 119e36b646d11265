// The task page's actions: each button posts to the inbox API (/api/tasks/{id}/...) with a bearer token (the API does
// not take the page cookie; the token comes from /account/token with it) and shows the answer. No framework and no CDN: the pages must work without internet.
(function () {
  "use strict";
  var page = document.getElementById("task-page");
  if (!page) return;
  var taskId = page.dataset.taskId;
  var message = document.getElementById("action-message");
  var error = document.getElementById("action-error");

  function show(ok, text) {
    message.textContent = ok ? text : "";
    error.textContent = ok ? "" : text;
    (ok ? message : error).scrollIntoView({ block: "nearest" });
  }

  function describe(body, status) {
    if (body && body.errors && body.errors.length) return body.errors.join("\n");
    if (body && body.detail) return body.detail;
    return page.dataset.msgFailed + " (" + status + ")";
  }

  function busy(on) {
    document.querySelectorAll("#task-page button").forEach(function (b) { if (on) { b.dataset.wasDisabled = b.disabled; b.disabled = true; } else { b.disabled = b.dataset.wasDisabled === "true"; } });
  }

  // site.js (loaded on every page) holds the one token cache; looked up at call time, as site.js is deferred.
  function bearer() { return window.wfBearer(); }

  function send(method, path, body, done) {
    busy(true);
    var options = { method: method, credentials: "omit", headers: { "Accept": "application/json" } };
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    bearer()
      .then(function (accessToken) {
        options.headers["Authorization"] = "Bearer " + accessToken;
        return fetch("/api/tasks/" + encodeURIComponent(taskId) + path, options);
      })
      .then(function (response) {
        return response.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          busy(false);
          if (response.ok) done(json); else show(false, describe(json, response.status));
        });
      })
      .catch(function (e) { busy(false); show(false, page.dataset.msgFailed + ": " + e.message); });
  }

  function reload() { window.location.reload(); }

  function comment() { var c = document.getElementById("comment"); return c ? c.value.trim() : ""; }

  // Editable fields only: read-only and hidden values are the server's to keep.
  function formData() {
    var data = {};
    document.querySelectorAll("[data-field]").forEach(function (el) {
      if (el.disabled || el.readOnly) return;
      var name = el.dataset.field, type = el.dataset.type;
      if (type === "boolean") { data[name] = el.checked; return; }
      if (type === "multiselect") { data[name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }); return; }
      var value = el.value;
      if (value === "") return;
      if (type === "number" || type === "integer") { var n = Number(value); data[name] = isNaN(n) ? value : n; return; }
      data[name] = value;
    });
    return data;
  }

  document.querySelectorAll("button[data-outcome]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = comment();
      if (button.dataset.commentRequired === "true" && !text) { show(false, page.dataset.msgComment); return; }
      send("POST", "/" + button.dataset.endpoint, { outcome: button.dataset.outcome, comment: text || null, formData: formData() }, function () {
        show(true, page.dataset.msgDone);
        window.location.href = "/inbox?done=" + encodeURIComponent(page.dataset.taskId);
      });
    });
  });

  function on(id, handler) { var el = document.getElementById(id); if (el) el.addEventListener("click", handler); }
  function person(id) { var el = document.getElementById(id); return el ? el.value : ""; }

  on("btn-claim", function () { send("POST", "/claim", {}, reload); });
  on("btn-release", function () { send("POST", "/release", {}, reload); });
  on("btn-urge", function () { send("POST", "/urge", { comment: comment() || null }, reload); });
  on("btn-withdraw", function () {
    if (!window.confirm(page.dataset.msgConfirmWithdraw)) return;
    send("POST", "/withdraw", { comment: comment() || null }, reload);
  });
  on("btn-return", function () {
    if (!comment()) { show(false, page.dataset.msgComment); return; }
    send("POST", "/return", { target: person("return-target"), comment: comment() }, function () { window.location.href = "/inbox?done=" + encodeURIComponent(page.dataset.taskId); });
  });
  on("btn-transfer", function () {
    if (!person("person")) { show(false, page.dataset.msgChoose); return; }
    send("POST", "/transfer", { to: person("person"), comment: comment() || null }, reload);
  });
  on("btn-delegate", function () {
    if (!person("person")) { show(false, page.dataset.msgChoose); return; }
    send("POST", "/delegate", { to: person("person"), comment: comment() || null }, reload);
  });
  on("btn-cc", function () {
    var select = document.getElementById("cc-users");
    var users = Array.prototype.filter.call(select.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    if (!users.length) { show(false, page.dataset.msgChoose); return; }
    send("POST", "/cc", { users: users, comment: comment() || null }, reload);
  });
  on("btn-add-signer", function () {
    if (!person("signer-add")) { show(false, page.dataset.msgChoose); return; }
    send("POST", "/signers", { userName: person("signer-add"), comment: comment() || null }, reload);
  });
  // 减签 and paper votes are the secretariat's and need a reason (the comment box).
  document.querySelectorAll(".js-remove-signer").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!comment()) { show(false, page.dataset.msgComment); return; }
      send("DELETE", "/signers/" + encodeURIComponent(button.dataset.user) + "?comment=" + encodeURIComponent(comment()), undefined, reload);
    });
  });
  document.querySelectorAll(".js-paper-vote").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!comment()) { show(false, page.dataset.msgComment); return; }
      var choice = document.querySelector(".js-paper-outcome[data-user='" + button.dataset.user + "']");
      send("POST", "/signers/" + encodeURIComponent(button.dataset.user) + "/paper-vote", { outcome: choice.value, comment: comment() }, reload);
    });
  });
  on("btn-upload", function () {
    var input = document.getElementById("attachment-file");
    if (!input.files.length) return;
    var body = new FormData();
    body.append("file", input.files[0]);
    send("POST", "/attachments", body, reload);
  });
})();
