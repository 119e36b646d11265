// Searchable pickers for the forms (issue 14 item 2): a form names people, units, branches and experts by choosing
// them, never by typing ids. Markup (the server writes the hidden inputs of what the form already holds):
//   <div class="picker" data-picker="people" data-name="ChairPersonId" data-input-id="ChairPersonId-search"
//        [data-multiple="true" data-positions="member:委员,standing:常务委员"]> <input type="hidden" name="…" value="…"> </div>
// One choice posts <name>=<id>; several post <name>[i].Id (and <name>[i].Position). Results come from /api/pickers/<kind>
// with a bearer token (the API does not take the page cookie; /account/token hands one to the signed-in page), and
// are already limited to what the user may choose. No inline script, no framework, nothing from outside (the CSP).
(function () {
  "use strict";
  var english = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var text = english
    ? { search: "Search by name, unit, district or title", none: "No match", more: "More…", remove: "Remove", failed: "Search failed", chosen: "chosen", loading: "Searching…", position: "Post" }
    : { search: "输入姓名、单位、区县或职称搜索", none: "没有符合的结果", more: "更多…", remove: "移除", failed: "搜索失败", chosen: "已选", loading: "正在搜索…", position: "职务" };

  // site.js (loaded on every page) holds the one token cache; looked up at call time, as site.js is deferred.
  function bearer() { return window.wfBearer(); }

  function query(kind, params) {
    var qs = Object.keys(params).filter(function (k) { return params[k] !== undefined && params[k] !== ""; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
    return bearer().then(function (accessToken) {
      return fetch("/api/pickers/" + kind + (qs ? "?" + qs : ""), { credentials: "omit", headers: { "Accept": "application/json", "Authorization": "Bearer " + accessToken } });
    }).then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); });
  }

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined) e.textContent = content;
    return e;
  }

  function Picker(root) {
    this.root = root;
    this.kind = root.dataset.picker;
    this.name = root.dataset.name;
    this.multiple = root.dataset.multiple === "true";
    this.positions = (root.dataset.positions || "").split(",").filter(Boolean).map(function (p) { var i = p.indexOf(":"); return { value: p.slice(0, i), label: p.slice(i + 1) }; });
    this.chosen = [];
    this.page = 1;
    this.active = -1;
    this.items = [];
    var existing = [];
    root.querySelectorAll("input[type=hidden]").forEach(function (h) {
      if (h.dataset.role === "position") return;
      if (h.value) existing.push({ id: h.value, position: h.dataset.position || "" });
    });
    root.innerHTML = "";
    this.list = el("ul", "picker-chosen");
    this.input = el("input", "picker-search");
    this.input.type = "search";
    this.input.autocomplete = "off";
    this.input.placeholder = root.dataset.placeholder || text.search;
    if (root.dataset.inputId) this.input.id = root.dataset.inputId;
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-expanded", "false");
    this.results = el("ul", "picker-results");
    this.results.setAttribute("role", "listbox");
    this.results.hidden = true;
    this.hidden = el("div", "picker-values");
    root.appendChild(this.list);
    root.appendChild(this.input);
    root.appendChild(this.results);
    root.appendChild(this.hidden);
    this.bind();
    if (existing.length) this.restore(existing);
  }

  Picker.prototype.bind = function () {
    var self = this, timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.search(1); }, 200);
    });
    // Focus or a click on the box shows the first choices (an empty search lists them all, in scope).
    function open() { if (self.results.hidden) self.search(1); }
    this.input.addEventListener("focus", open);
    this.input.addEventListener("click", open);
    this.input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (!self.items.length) return;
        self.active = (self.active + (e.key === "ArrowDown" ? 1 : -1) + self.items.length) % self.items.length;
        self.highlight();
      } else if (e.key === "Enter") {
        if (!self.results.hidden && self.active >= 0) { e.preventDefault(); self.choose(self.items[self.active]); }
      } else if (e.key === "Escape") {
        self.close();
      }
    });
    document.addEventListener("click", function (e) { if (!self.root.contains(e.target)) self.close(); });
  };

  Picker.prototype.close = function () {
    this.results.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
  };

  Picker.prototype.search = function (page) {
    var self = this, term = this.input.value.trim();
    this.page = page;
    if (page === 1) { this.items = []; this.active = -1; this.results.innerHTML = ""; this.results.appendChild(el("li", "picker-note", text.loading)); }
    this.results.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    query(this.kind, { q: term, page: page, pageSize: 10 }).then(function (answer) {
      if (term !== self.input.value.trim()) return; // a later keystroke has its own search
      self.render(answer, page);
    }).catch(function () {
      self.results.innerHTML = "";
      self.results.appendChild(el("li", "picker-note error", text.failed));
    });
  };

  Picker.prototype.render = function (answer, page) {
    var self = this;
    var note = this.results.querySelector(".picker-note, .picker-more");
    if (note) note.remove();
    if (page === 1) this.results.innerHTML = "";
    var taken = this.chosen.map(function (c) { return c.id; });
    answer.items.forEach(function (item) {
      var li = el("li", "picker-item");
      li.setAttribute("role", "option");
      li.dataset.id = item.id;
      li.appendChild(el("span", "picker-label", item.label));
      if (item.detail) li.appendChild(el("span", "picker-detail", item.detail));
      if (taken.indexOf(item.id) >= 0) { li.classList.add("taken"); li.setAttribute("aria-disabled", "true"); li.title = text.chosen; }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { self.choose(item); });
      self.results.appendChild(li);
      self.items.push(item);
    });
    if (!this.items.length) this.results.appendChild(el("li", "picker-note", text.none));
    if (answer.page * answer.pageSize < answer.total) {
      var more = el("li", "picker-more", text.more + " (" + (answer.total - answer.page * answer.pageSize) + ")");
      more.addEventListener("mousedown", function (e) { e.preventDefault(); });
      more.addEventListener("click", function () { self.search(self.page + 1); });
      this.results.appendChild(more);
    }
  };

  Picker.prototype.highlight = function () {
    var self = this;
    this.results.querySelectorAll(".picker-item").forEach(function (li, i) { li.classList.toggle("active", i === self.active); });
  };

  Picker.prototype.choose = function (item, position) {
    if (this.chosen.some(function (c) { return c.id === item.id; })) return;
    if (!this.multiple) this.chosen = [];
    this.chosen.push({ id: item.id, label: item.label, detail: item.detail, position: position || (this.positions[0] ? this.positions[0].value : "") });
    this.input.value = "";
    this.close();
    this.draw();
    this.root.dispatchEvent(new CustomEvent("picker-change", { bubbles: true, detail: { picker: this.name, chosen: this.chosen } }));
  };

  Picker.prototype.draw = function () {
    var self = this;
    this.list.innerHTML = "";
    this.hidden.innerHTML = "";
    this.chosen.forEach(function (c, i) {
      var li = el("li", "picker-chip");
      li.dataset.id = c.id;
      li.appendChild(el("span", "picker-label", c.label));
      if (c.detail) li.appendChild(el("span", "picker-detail", c.detail));
      if (self.positions.length) {
        var select = el("select", "picker-position");
        select.setAttribute("aria-label", text.position);
        self.positions.forEach(function (p) {
          var o = el("option", null, p.label);
          o.value = p.value;
          if (p.value === c.position) o.selected = true;
          select.appendChild(o);
        });
        select.addEventListener("change", function () { c.position = select.value; self.draw(); });
        li.appendChild(select);
      }
      var remove = el("button", "picker-remove", "×");
      remove.type = "button";
      remove.title = text.remove;
      remove.setAttribute("aria-label", text.remove + " " + c.label);
      remove.addEventListener("click", function () { self.chosen.splice(i, 1); self.draw(); });
      li.appendChild(remove);
      self.list.appendChild(li);
      self.hidden.appendChild(hiddenInput(self.multiple ? self.name + "[" + i + "].Id" : self.name, c.id));
      if (self.multiple && self.positions.length) self.hidden.appendChild(hiddenInput(self.name + "[" + i + "].Position", c.position));
    });
    this.input.hidden = !this.multiple && this.chosen.length > 0;
  };

  function hiddenInput(name, value) {
    var h = document.createElement("input");
    h.type = "hidden";
    h.name = name;
    h.value = value;
    return h;
  }

  // What the form held (after a check or a refused submit): labels from the API, in the order given.
  Picker.prototype.restore = function (existing) {
    var self = this;
    query(this.kind, { ids: existing.map(function (e) { return e.id; }).join(","), pageSize: 50 }).then(function (answer) {
      existing.forEach(function (e) {
        var item = answer.items.filter(function (i) { return i.id === e.id; })[0] || { id: e.id, label: e.id };
        self.chosen.push({ id: item.id, label: item.label, detail: item.detail, position: e.position || (self.positions[0] ? self.positions[0].value : "") });
      });
      self.draw();
    }).catch(function () {
      existing.forEach(function (e) { self.chosen.push({ id: e.id, label: e.id, position: e.position }); });
      self.draw();
    });
  };

  document.querySelectorAll(".picker[data-picker]").forEach(function (root) { root.picker = new Picker(root); });
})();
