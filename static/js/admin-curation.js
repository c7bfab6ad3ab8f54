/* The trial's change page (templates/admin/trials/trial/change_form.html).
 *
 * 1. Focusing a field highlights, in the source panel, the passage its value came from: the
 *    span the parser recorded (each source's spans are a JSON script element beside its
 *    text, offsets counted as the browser counts, by form field name). Of a list's spans
 *    (criteria, outcomes...) the one holding the field's value is taken. A field a curator
 *    has edited still shows the source's passage, and says so. Without a span, the value
 *    (or its first words) is searched in the source texts, ignoring case and white space.
 * 2. The criteria table gets "move up" / "move down" buttons on each row; moving a row, or
 *    changing its kind, renumbers the hidden positions in the order shown.
 * Loaded with the page's CSP nonce; no inline script.
 */
(function () {
  "use strict";

  const WORDS_SEARCHED = 30;
  const PREFIX_COMPARED = 40;

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function fieldValue(field) {
    if (field.tagName === "SELECT") {
      if (field.multiple) {
        return "";
      }
      const option = field.options[field.selectedIndex];
      return option && option.value ? option.text : "";
    }
    if (field.type === "radio" || field.type === "checkbox" || field.type === "hidden") {
      return "";
    }
    return field.value || "";
  }

  /* "criteria-3-text" -> "criteria-text"; a plain field keeps its name. */
  function spanKey(field) {
    return (field.name || "").replace(/-\d+-/, "-");
  }

  function folded(text) {
    return text.replace(/^[\s\-\u2022*]+/, "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function sameValue(passage, value) {
    const a = folded(passage);
    const b = folded(value);
    if (!a || !b) {
      return false;
    }
    const n = Math.min(PREFIX_COMPARED, a.length, b.length);
    return a === b || a.slice(0, n) === b.slice(0, n);
  }

  function pattern(value) {
    const words = value.trim().split(/\s+/).filter(Boolean).slice(0, WORDS_SEARCHED);
    if (!words.length || words.join(" ").length < 2) {
      return null;
    }
    return new RegExp(words.map(escapeRegExp).join("\\W{0,6}"), "i");
  }

  function sources(panel) {
    return Array.from(panel.querySelectorAll("pre.source-text")).map(function (pre) {
      const data = document.getElementById(pre.dataset.spans || "");
      let spans = {};
      try {
        spans = data ? JSON.parse(data.textContent) : {};
      } catch (error) {
        spans = {};
      }
      return { pre: pre, text: pre.textContent, spans: spans };
    });
  }

  function clearMarks(panel) {
    panel.querySelectorAll("pre.source-text").forEach(function (pre) {
      if (pre.querySelector("mark")) {
        pre.textContent = pre.textContent;
      }
    });
  }

  function sourceName(pre) {
    return pre.closest("details").querySelector("summary").textContent.trim();
  }

  function mark(source, start, end, how) {
    const pre = source.pre;
    const text = source.text;
    const element = document.createElement("mark");
    element.textContent = text.slice(start, end);
    element.dataset.found = how;
    pre.textContent = "";
    pre.append(text.slice(0, start), element, text.slice(end));
    pre.closest("details").open = true;
    pre.scrollTop = Math.max(0, element.offsetTop - pre.clientHeight / 3);
  }

  /* The recorded span holding the value; else, for a choice (whose label is not the
   * source's wording) or a one-span field whose value was edited, the field's first span. */
  function recordedSpan(all, key, value, isChoice) {
    let edited = null;
    for (const source of all) {
      const spans = (source.spans[key] || []).filter(function (span) {
        return span[0] >= 0 && span[1] <= source.text.length && span[0] < span[1];
      });
      for (const span of spans) {
        if (sameValue(source.text.slice(span[0], span[1]), value)) {
          return { source: source, span: span, edited: false };
        }
      }
      if (!edited && spans.length && (isChoice || spans.length === 1)) {
        edited = { source: source, span: spans[0], edited: !isChoice };
      }
    }
    return edited;
  }

  function highlight(panel, all, field) {
    const status = panel.querySelector(".source-match");
    const value = fieldValue(field);
    clearMarks(panel);
    const recorded = recordedSpan(all, spanKey(field), value, field.tagName === "SELECT");
    if (recorded) {
      mark(recorded.source, recorded.span[0], recorded.span[1], "span");
      status.textContent = recorded.edited
        ? "This value differs from the source: highlighted is what " +
          sourceName(recorded.source.pre) + " says."
        : "Highlighted where " + sourceName(recorded.source.pre) + " gives this value.";
      return;
    }
    const regexp = pattern(value);
    if (!regexp) {
      status.textContent = "";
      return;
    }
    for (const source of all) {
      const found = regexp.exec(source.text);
      if (found) {
        mark(source, found.index, found.index + found[0].length, "search");
        status.textContent = "Found by searching " + sourceName(source.pre) +
          " for this value (no recorded passage).";
        return;
      }
    }
    status.textContent = "This value is not in the source texts (a curator's edit, or reworded).";
  }

  function criteriaRows(group) {
    return Array.from(group.querySelectorAll("tbody tr.form-row:not(.empty-form)"));
  }

  function renumber(group) {
    criteriaRows(group).forEach(function (row, index) {
      const position = row.querySelector("input.criterion-position");
      if (position && String(position.value) !== String(index)) {
        position.value = index;
      }
    });
  }

  function moveButton(label, symbol, direction, group) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = symbol;
    button.setAttribute("aria-label", label);
    button.title = label;
    button.addEventListener("click", function () {
      const row = button.closest("tr");
      const rows = criteriaRows(group);
      const index = rows.indexOf(row);
      const other = rows[index + direction];
      if (!other) {
        return;
      }
      if (direction < 0) {
        other.before(row);
      } else {
        other.after(row);
      }
      renumber(group);
      button.focus();
    });
    return button;
  }

  function addReorderButtons(group) {
    const header = group.querySelector("thead tr");
    if (header) {
      const th = document.createElement("th");
      th.textContent = "Order";
      header.prepend(th);
    }
    criteriaRows(group).forEach(function (row) {
      const cell = document.createElement("td");
      cell.className = "reorder-buttons";
      cell.append(
        moveButton("Move criterion up", "↑", -1, group),
        moveButton("Move criterion down", "↓", 1, group)
      );
      row.prepend(cell);
    });
    group.addEventListener("change", function (event) {
      if (event.target.matches("input[type=radio]")) {
        renumber(group);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const panel = document.querySelector(".curation-sources");
    const fields = document.querySelector(".curation-fields");
    if (panel && fields) {
      const all = sources(panel);
      fields.addEventListener("focusin", function (event) {
        const field = event.target;
        if (field.matches("input, textarea, select")) {
          highlight(panel, all, field);
        }
      });
      // A field focused before this script ran (a quick click, autofocus) is shown too.
      const active = document.activeElement;
      if (active && fields.contains(active) && active.matches("input, textarea, select")) {
        highlight(panel, all, active);
      }
    }
    const criteria = document.getElementById("criteria-group");
    if (criteria) {
      addReorderButtons(criteria);
    }
  });
})();
