// Suggestions as you type in the header's search box: an ARIA 1.2 combobox with a listbox popup.
// The box works as a plain search form without this script. With it, typing asks the address in
// the input's data-suggest for names and titles (JSON), shown as options: Up and Down move through
// them, Enter opens the one chosen (or searches, as before, when none is), Escape closes the list,
// then clears the box. Every word shown comes translated from the input's data- attributes.
(() => {
  const input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch || !window.AbortController) return;

  const DELAY_MS = 150; // wait for a pause in typing before asking
  const MIN_LENGTH = 2; // the server has nothing to say about one letter…
  const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]/; // …but one syllable will do (search/text.py)
  const text = input.dataset;
  const listId = `${input.id}-suggestions`;

  const list = document.createElement("ul");
  list.id = listId;
  list.className = "search-suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", text.suggestLabel);
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.after(list, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  let options = [];
  let active = -1;
  let timer = 0;
  let pending = null; // the AbortController of the request under way
  let asked = ""; // the text the last request was for

  const normalized = () => input.value.trim().replace(/\s+/g, " ");

  function setOpen(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (!open) highlight(-1);
  }

  function highlight(index) {
    if (options[active]) options[active].setAttribute("aria-selected", "false");
    active = index;
    const option = options[active];
    if (option) {
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(suggestions) {
    options = suggestions.map((suggestion, index) => {
      const option = document.createElement("li");
      option.id = `${listId}-${index}`;
      option.className = "search-suggest__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = suggestion.url;
      const label = document.createElement("span");
      label.className = "search-suggest__label";
      if (suggestion.also) {
        // The label reads "name (also)": the name in the other script is marked with its language, as the pages mark it.
        const also = document.createElement("span");
        also.textContent = suggestion.also;
        if (suggestion.also_lang) also.lang = suggestion.also_lang;
        label.append(suggestion.label.slice(0, -suggestion.also.length - 3), " (", also, ")");
      } else {
        label.textContent = suggestion.label;
      }
      if (suggestion.lang) label.lang = suggestion.lang; // an English-only name on a Korean page
      const kind = document.createElement("span");
      kind.className = "search-suggest__kind";
      kind.textContent = suggestion.kind_label;
      option.append(label, " ", kind);
      return option;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.replaceChildren(...options);
    setOpen(options.length > 0);
    status.textContent = counted(options.length);
  }

  function counted(count) {
    if (count === 0) return text.suggestNone;
    if (count === 1) return text.suggestOne;
    return text.suggestMany.replace("{n}", count);
  }

  function clear() {
    window.clearTimeout(timer);
    if (pending) pending.abort();
    pending = null;
    asked = "";
    options = [];
    list.replaceChildren();
    setOpen(false);
    status.textContent = "";
  }

  async function ask(query) {
    if (pending) pending.abort(); // a newer question makes the older answer useless
    const controller = new AbortController();
    pending = controller;
    asked = query;
    const url = new URL(text.suggest, window.location.href);
    url.searchParams.set("q", query);
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`suggestions answered ${response.status}`);
      const data = await response.json();
      // Only the answer to what the box says now: a late one for older text is dropped.
      if (controller === pending && normalized() === query) show(data.suggestions);
    } catch (error) {
      if (error.name !== "AbortError" && controller === pending) clear();
    } finally {
      if (controller === pending) pending = null;
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    highlight(-1); // the text changed: Enter searches for it until an option is chosen again
    const query = normalized();
    if (query.length < MIN_LENGTH && !CJK.test(query)) {
      clear();
      return;
    }
    if (query === asked && !pending) {
      setOpen(options.length > 0); // the same words again (a space added): the same options
      return;
    }
    timer = window.setTimeout(() => ask(query), DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return; // keys that finish a Hangul syllable are the input method's
    const open = !list.hidden;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        if (!options.length) return;
        event.preventDefault();
        if (!open) {
          setOpen(true);
          if (event.altKey) return;
        }
        const step = event.key === "ArrowDown" ? 1 : -1;
        // Past either end, back to the text itself (no option chosen).
        const next = active + step;
        highlight(next < -1 ? options.length - 1 : next >= options.length ? -1 : next);
        return;
      }
      case "Enter":
        if (open && options[active]) {
          event.preventDefault();
          window.location.assign(options[active].dataset.url);
        }
        return; // else the form is sent, as without this script
      case "Escape":
        event.preventDefault(); // the browser's own clearing of a search box comes second, below
        if (open) {
          setOpen(false);
        } else if (input.value) {
          input.value = "";
          clear();
        }
        return;
      case "Tab":
        setOpen(false);
        return;
      default:
    }
  });

  // A press on an option must not blur the box first (which closes the list).
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) window.location.assign(option.dataset.url);
  });
  input.addEventListener("blur", () => setOpen(false));
  input.addEventListener("focus", () => {
    if (options.length && normalized() === asked) setOpen(true);
  });
})();
