/* The trial's change page (templates/admin/trials/trial/change_form.html).
 *
 * 1. Focusing a field highlights, in the source panel, the passage its value came from. The
 *    parsers keep no character spans, so the passage is found by searching the field's value
 *    (or its first words) in the source texts, ignoring case and runs of white space.
 * 2. The criteria table gets "move up" / "move down" buttons on each row; moving a row, or
 *    changing its kind, renumbers the hidden positions in the order shown.
 * Loaded with the page's CSP nonce; no inline script.
 */
(function () {
  "use strict";

  const WORDS_SEARCHED = 30;

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

  function pattern(value) {
    const words = value.trim().split(/\s+/).filter(Boolean).slice(0, WORDS_SEARCHED);
    if (!words.length || words.join(" ").length < 2) {
      return null;
    }
    return new RegExp(words.map(escapeRegExp).join("\\W{0,6}"), "i");
  }

  function clearMarks(panel) {
    panel.querySelectorAll("pre.source-text").forEach(function (pre) {
      if (pre.querySelector("mark")) {
        pre.textContent = pre.textContent;
      }
    });
  }

  function highlight(panel, value) {
    const status = panel.querySelector(".source-match");
    clearMarks(panel);
    const regexp = pattern(value);
    if (!regexp) {
      status.textContent = "";
      return;
    }
    for (const pre of panel.querySelectorAll("pre.source-text")) {
      const text = pre.textContent;
      const found = regexp.exec(text);
      if (!found) {
        continue;
      }
      const mark = document.createElement("mark");
      mark.textContent = found[0];
      pre.textContent = "";
      pre.append(text.slice(0, found.index), mark, text.slice(found.index + found[0].length));
      pre.closest("details").open = true;
      pre.scrollTop = Math.max(0, mark.offsetTop - pre.clientHeight / 3);
      status.textContent = "Highlighted where this value is in " +
        pre.closest("details").querySelector("summary").textContent.trim() + ".";
      return;
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
      fields.addEventListener("focusin", function (event) {
        const field = event.target;
        if (field.matches("input, textarea, select")) {
          highlight(panel, fieldValue(field));
        }
      });
    }
    const criteria = document.getElementById("criteria-group");
    if (criteria) {
      addReorderButtons(criteria);
    }
  });
})();
