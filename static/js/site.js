/* RegenTrials: progressive enhancement. Every page works without this file; with it:
   - the list's filters apply as they change (text and numbers after a pause), the results,
     facet counts, title and address update in place, and the new count is announced;
   - "Copy link" buttons copy the current address;
   - on wide screens the filters' disclosure panel is opened (CSS already shows it).
   No inline code anywhere (the site runs under a strict Content-Security-Policy). */
(function () {
  "use strict";

  var doc = document;
  var WIDE = "(min-width: 60rem)";
  var TYPING_DELAY = 450;

  function $(id, root) {
    return (root || doc).getElementById ? (root || doc).getElementById(id) : null;
  }

  /* ---- copy link ------------------------------------------------------------------------ */

  function setUpCopyLinks(root) {
    var boxes = (root || doc).querySelectorAll("[data-copy-link]");
    Array.prototype.forEach.call(boxes, function (box) {
      var button = box.querySelector("button");
      var status = box.querySelector("[role=status]");
      if (!button || button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "1");
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = window.location.href;
        var copied = function () {
          status.textContent = "Link copied.";
        };
        var failed = function () {
          status.textContent = "Could not copy automatically. Copy this link from the address bar: " + url;
        };
        status.textContent = "";
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(copied, failed);
        } else {
          failed();
        }
      });
    });
  }

  /* ---- the list's filters --------------------------------------------------------------- */

  function setUpFilters(form) {
    var panel = $("filters-panel");
    var results = $("results");
    var count = $("result-count");
    if (!results || !count || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;

    var controller = null;
    var timer = null;
    var applied = currentQuery();
    var shown = here();

    function here() {
      return window.location.pathname + window.location.search;
    }

    // On wide screens the panel is always shown (by CSS where ::details-content is supported,
    // so this moves nothing); opening it also tells assistive technology it is expanded.
    if (panel && window.matchMedia) {
      var wide = window.matchMedia(WIDE);
      if (wide.matches) panel.open = true;
      if (wide.addEventListener) {
        wide.addEventListener("change", function (event) { if (event.matches) panel.open = true; });
      }
    }

    function currentQuery() {
      var params = new URLSearchParams();
      var data = new FormData(form);
      data.forEach(function (value, name) {
        if (typeof value === "string" && value.trim() !== "") params.append(name, value.trim());
      });
      // The sort the visitor did not choose is left out, so it follows the query (relevance
      // with words to rank by, else last updated) as it does on the server.
      var sort = form.elements.namedItem("sort");
      if (sort && sort.hasAttribute("data-implicit")) params.delete("sort");
      return params.toString();
    }

    function listUrl(query) {
      return form.getAttribute("action").split("?")[0] + (query ? "?" + query : "");
    }

    function apply(explicit) {
      window.clearTimeout(timer);
      var query = currentQuery();
      if (!explicit && query === applied) return;
      applied = query;
      var url = listUrl(query);
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      results.setAttribute("aria-busy", "true");
      fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        var landed = new URL(response.url, window.location.href);
        if (landed.pathname !== new URL(url, window.location.href).pathname) {
          // A registry id typed in the box: the server sends the trial's page.
          if (explicit) {
            window.location.assign(response.url);
            return null;
          }
          return response.text().then(function (html) { offerTrial(response.url, html); });
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text().then(function (html) { update(html, url, explicit); });
      }).catch(function (error) {
        if (error && error.name === "AbortError") return;
        window.location.assign(url); // fall back to an ordinary page load
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { apply(false); }, TYPING_DELAY);
    }

    function focusKey(element) {
      if (!element || !form.contains(element)) return null;
      if (element.name) return { name: element.name, value: element.type === "checkbox" ? element.value : null };
      var facet = element.closest("[data-facet]");
      if (facet && element.tagName === "SUMMARY") return { facet: facet.getAttribute("data-facet") };
      return null;
    }

    function findByKey(key) {
      if (!key) return null;
      var css = window.CSS && CSS.escape ? CSS.escape : function (s) { return s.replace(/["\\]/g, "\\$&"); };
      if (key.facet) return form.querySelector('[data-facet="' + css(key.facet) + '"] summary');
      var selector = '[name="' + css(key.name) + '"]';
      if (key.value !== null) selector += '[value="' + css(key.value) + '"]';
      return form.querySelector(selector);
    }

    function update(html, url, explicit) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var freshFacets = $("facets", fresh);
      var freshBody = $("results-body", fresh);
      var freshCount = $("result-count", fresh);
      if (!freshFacets || !freshBody || !freshCount) {
        window.location.assign(url);
        return;
      }
      var facets = $("facets");
      var focused = focusKey(doc.activeElement);
      var focusedInFacets = facets.contains(doc.activeElement);
      var opened = [];
      Array.prototype.forEach.call(facets.querySelectorAll("[data-facet] details[open]"), function (details) {
        opened.push(details.closest("[data-facet]").getAttribute("data-facet"));
      });

      facets.replaceWith(freshFacets);
      opened.forEach(function (name) {
        var details = freshFacets.querySelector('[data-facet="' + name + '"] details');
        if (details) details.open = true;
      });
      if (focusedInFacets) {
        var target = findByKey(focused);
        if (target) target.focus({ preventScroll: true });
      }

      $("results-body").replaceWith(freshBody);
      count.innerHTML = freshCount.innerHTML;
      count.setAttribute("data-count", freshCount.getAttribute("data-count") || "");
      // The age toggle says how many trials state no age limits within the new filters.
      ["list-heading", "filters-active", "age-unstated-label"].forEach(function (id) {
        var mine = $(id);
        var theirs = $(id, fresh);
        if (mine && theirs) mine.textContent = theirs.textContent;
      });
      var feed = doc.querySelector('link[rel="alternate"][type="application/atom+xml"]');
      var freshFeed = fresh.querySelector('link[rel="alternate"][type="application/atom+xml"]');
      if (feed && freshFeed) feed.setAttribute("href", freshFeed.getAttribute("href"));
      doc.title = fresh.title;
      var sort = form.elements.namedItem("sort");
      var freshSort = $("f-sort", fresh);
      if (sort && freshSort && sort.hasAttribute("data-implicit")) sort.value = freshSort.value;

      // "Show 1 trial" / "Show 5 trials", worded (and pluralised) by the server.
      var button = $("filters-apply");
      var label = freshCount.getAttribute("data-show-label");
      if (button && label) {
        button.textContent = label;
        button.classList.add("is-counted");
      }

      if (url !== here()) window.history.pushState({ list: true }, "", url);
      shown = here();
      results.removeAttribute("aria-busy");
      setUpCopyLinks(freshBody);

      if (explicit && panel && panel.open && !window.matchMedia(WIDE).matches) {
        panel.open = false;
        count.focus();
      }
    }

    function offerTrial(trialUrl, html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var heading = fresh.querySelector("h1");
      var body = $("results-body");
      var box = doc.createElement("div");
      box.className = "results-body";
      box.id = "results-body";
      var p = doc.createElement("p");
      p.className = "card";
      p.appendChild(doc.createTextNode("This is a registry id. Press Enter or open the trial: "));
      var link = doc.createElement("a");
      link.href = trialUrl;
      link.textContent = heading ? heading.textContent : trialUrl;
      p.appendChild(link);
      box.appendChild(p);
      body.replaceWith(box);
      count.textContent = "1 trial has this registry id";
      results.removeAttribute("aria-busy");
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply(true);
    });
    // Controls outside the form element (search box, sort) belong to it through form="filters".
    doc.addEventListener("change", function (event) {
      var target = event.target;
      if (target.form !== form) return;
      if (target.name === "sort") target.removeAttribute("data-implicit");
      if (target.type === "checkbox" || target.tagName === "SELECT") apply(false);
      else later();
    });
    doc.addEventListener("input", function (event) {
      var target = event.target;
      if (target.form === form && (target.type === "search" || target.type === "number" || target.type === "text")) later();
    });
    // Back and forward between filtered views: load the view the address now names (a
    // change of #fragment alone, such as the skip link, is not one).
    window.addEventListener("popstate", function () {
      if (here() !== shown) window.location.reload();
    });
  }

  function start() {
    setUpCopyLinks(doc);
    var form = $("filters");
    if (form && form.tagName === "FORM") setUpFilters(form);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
