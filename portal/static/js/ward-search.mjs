// Ward search suggestions: an ARIA 1.2 combobox over the ordinary search form. Without JavaScript (or if the
// suggestions fail to load) the form still submits to the results page, so this only saves a step.
const MIN_LENGTH = 2;
const DELAY_MS = 200;

function enhance(form) {
  const input = form.querySelector("input[name=q]");
  const url = form.dataset.suggestUrl;
  if (!input || !url) return;

  const list = document.createElement("ul");
  list.id = `${input.id}-suggestions`;
  list.className = "dps-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching wards");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  input.insertAdjacentElement("afterend", list);
  form.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  let results = [];
  let active = -1;
  let timer;
  let latest = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", list.children[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function render() {
    list.replaceChildren(
      ...results.map((ward, index) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${index}`;
        option.className = "dps-suggestions__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = `${ward.name}, ${ward.borough}`;
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          window.location.assign(ward.url);
        });
        return option;
      }),
    );
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", String(results.length > 0));
    status.textContent = results.length
      ? `${results.length} wards found. Use the up and down arrows to choose one.`
      : "No wards found.";
  }

  async function suggest() {
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      results = [];
      close();
      return;
    }
    const request = ++latest;
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, { headers: { Accept: "application/json" } });
      if (!response.ok || request !== latest) return;
      results = await response.json();
      active = -1;
      render();
    } catch {
      close(); // the form still works: pressing Search shows the results page
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(active - 1, -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(results[active].url);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}

document.querySelectorAll("form[data-module=dps-ward-search]").forEach(enhance);
