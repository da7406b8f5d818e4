// The role page body's admin form: salary rows labelled like the table's rows, the ranges a
// row's kind doesn't use hidden while empty, and no way to delete a required section's last one.
// The rules come from the server (careers.blocks adapters' meta, from careers.facts); the label
// follows careers.facts.salary.row_summary, and tests/test_blocks.py runs both on the same rows.
(function () {
  "use strict";

  const EN_DASH = "\u2013";

  // careers.facts.salary.format_range with absent="".
  function formatRange(low, high, show, suffix) {
    if (low === null && high === null) return "";
    if (low !== null && high !== null) {
      if (low === high) return `${show(low)}${suffix}`;
      return `${show(low)}${EN_DASH}${show(high)}${suffix}`;
    }
    if (low !== null) return `${show(low)}+${suffix}`;
    return `up to ${show(high)}${suffix}`;
  }

  // careers.facts.salary.format_amount.
  function formatAmount(amount, currency, symbols) {
    const digits = amount.toLocaleString("en-US");
    const symbol = symbols[currency];
    return symbol === undefined ? `${currency}\u00a0${digits}` : `${symbol}${digits}`;
  }

  function figure(text) {
    const trimmed = String(text ?? "").trim();
    return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
  }

  // careers.facts.salary.row_summary; `row` holds the form's strings, `kind` the row's kind.
  function rowSummary(row, currency, meta) {
    const code = String(currency || "").trim().toUpperCase() || meta.defaultCurrency;
    const money = (amount) => formatAmount(amount, code, meta.currencySymbols);
    const years = formatRange(figure(row.years_min), figure(row.years_max), String, " yrs");
    const label = String(row.level || "");
    const level = years ? `${label} (${years})` : label;
    const pay =
      row.kind === meta.internKind
        ? formatRange(figure(row.intern_monthly_min), figure(row.intern_monthly_max), money, "/mo")
        : formatRange(figure(row.base_min), figure(row.base_max), money, "");
    return [level, pay].filter(Boolean).join(meta.separator);
  }

  const api = { rowSummary };
  window.careersRoleBody = api;
  if (!window.wagtailStreamField || !window.telepath) return;

  const { StructBlock, StructBlockDefinition, StreamBlock, StreamBlockDefinition } =
    window.wagtailStreamField.blocks;

  class SalaryRow extends StructBlock {
    constructor(blockDef, placeholder, prefix, initialState, initialError) {
      super(blockDef, placeholder, prefix, initialState, initialError);
      const root = this.container[0];
      // On change, not input: a range being cleared stays in view until the editor leaves it.
      root.addEventListener("change", () => this.showRanges());
      this.showRanges();
    }

    // The table's currency field: the row is "<table>-rows-<n>-value", the field "<table>-currency".
    currency() {
      const id = this.prefix.replace(/-rows-\d+-value$/, "-currency");
      const input = id === this.prefix ? null : document.getElementById(id);
      return input ? input.value : "";
    }

    values() {
      const row = {};
      for (const [name, child] of Object.entries(this.childBlocks)) row[name] = child.getValue();
      return row;
    }

    // A range the kind doesn't use is hidden while empty and without an error; shown (for
    // clearing) once it has either.
    showRanges() {
      const meta = this.blockDef.meta;
      const row = this.values();
      const used = meta.kindRanges[row.kind] || [];
      for (const group of this.container[0].querySelectorAll("[data-salary-range]")) {
        const range = group.dataset.salaryRange;
        const empty = [`${range}_min`, `${range}_max`].every(
          (name) => !String(row[name] ?? "").trim(),
        );
        const flagged = group.querySelector(".w-field--error") !== null;
        const panel = group.closest("[data-panel]") || group;
        panel.hidden = !used.includes(range) && empty && !flagged;
      }
    }

    getTextLabel() {
      return rowSummary(this.values(), this.currency(), this.blockDef.meta) || null;
    }
  }

  class SalaryRowDefinition extends StructBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      return new SalaryRow(this, placeholder, prefix, initialState, initialError);
    }
  }

  class RoleStream extends StreamBlock {
    // After every insert and delete: the last section of a required kind can't be deleted.
    blockCountChanged() {
      super.blockCountChanged();
      const meta = this.blockDef.meta;
      for (const child of this.children || []) {
        const button = child.element?.querySelector('[data-streamfield-action="DELETE"]');
        if (!button || !meta.requiredSections.includes(child.type)) continue;
        const last = this.children.filter((other) => other.type === child.type).length <= 1;
        if (button.dataset.deleteTitle === undefined) button.dataset.deleteTitle = button.title;
        button.disabled = last;
        button.title = last ? meta.requiredMessage : button.dataset.deleteTitle;
      }
    }
  }

  class RoleStreamDefinition extends StreamBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      return new RoleStream(this, placeholder, prefix, initialState, initialError);
    }
  }

  window.telepath.register("careers.blocks.SalaryRowBlock", SalaryRowDefinition);
  window.telepath.register("careers.blocks.RoleStreamBlock", RoleStreamDefinition);
})();
