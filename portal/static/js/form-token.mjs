// A form on a page everyone is shown (and caches keep) carries no CSRF token (docs/adr/0009). When the form is first
// used, this asks the portal for one (which starts the browser's session) and adds it to the form, so the first
// press of its button sends it. Without JavaScript, or if the token cannot be fetched, the form posts without one
// and the portal shows the answers back, with a token, to be sent.

function enhance(form) {
  const url = form.dataset.tokenUrl;
  if (!url || !window.fetch) return;
  let asked = null;

  const token = () => {
    asked ??= fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((body) => {
        if (!body || !body.csrf_token || form.querySelector("input[name=csrf_token]")) return;
        const field = document.createElement("input");
        field.type = "hidden";
        field.name = "csrf_token";
        field.value = body.csrf_token;
        form.prepend(field);
      })
      .catch(() => null);
    return asked;
  };

  form.addEventListener("focusin", token, { once: true });
  form.addEventListener("submit", (event) => {
    if (form.querySelector("input[name=csrf_token]") || form.dataset.tokenTried) return;
    event.preventDefault();
    form.dataset.tokenTried = "true";
    const button = event.submitter;
    // Sent either way: with the token if it came, otherwise to be shown back with one. Not from within this submit
    // event (a token already settled would be in time for that, and a form ignores a submission while firing one).
    token().then(() => setTimeout(() => form.requestSubmit(button), 0));
  });
}

document.querySelectorAll("form[data-module='dps-form-token']").forEach(enhance);
