// The evidence step with JavaScript: choose several files at once and send them one by one to the same address the
// form posts to (with its CSRF token), saying how far each has got. Refusals are kept by the server and shown in
// the error summary of the page reloaded at the end, so the list and the messages always come from the server.
// Without JavaScript the form posts one file at a time and nothing here runs.

function percent(event) {
  return event.lengthComputable ? Math.round((event.loaded / event.total) * 100) : null;
}

function send(form, file, onProgress) {
  return new Promise((resolve) => {
    const data = new FormData();
    data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
    data.append("action", "upload");
    data.append("file", file, file.name);
    const request = new XMLHttpRequest();
    // Not form.action: the buttons are named "action", and a named control shadows the form's property.
    request.open("POST", form.getAttribute("action"));
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => onProgress(percent(event)));
    // Whatever happened (accepted, refused, too large, network failure) the next file is still sent.
    request.addEventListener("loadend", () => resolve(request.status));
    request.send(data);
  });
}

function enhance(form) {
  const input = form.querySelector("input[type=file]");
  const progress = form.querySelector("[data-evidence-progress]");
  const button = form.querySelector("[data-evidence-upload-button]");
  if (!input || !progress || !button || !window.FormData || !window.XMLHttpRequest) return;

  input.multiple = true;
  const hint = document.getElementById(`${input.id}-hint`);
  if (hint) hint.textContent = "Choose one or more files, then select ‘Upload files’.";
  button.textContent = "Upload files";

  form.addEventListener("submit", async (event) => {
    const uploading = event.submitter === button || (event.submitter === null && input.files.length > 0);
    if (!uploading || input.files.length === 0) return; // "Continue", or nothing chosen: the ordinary post
    event.preventDefault();
    button.disabled = true;
    progress.hidden = false;
    const files = Array.from(input.files);
    const tooLarge = [];
    for (const [index, file] of files.entries()) {
      const say = (done) => {
        const amount = done === null ? "" : ` (${done}%)`;
        progress.textContent = `Uploading file ${index + 1} of ${files.length}: ${file.name}${amount}`;
      };
      say(0);
      const status = await send(form, file, say);
      if (status === 413) tooLarge.push(file.name);
    }
    progress.textContent = "Upload finished. Updating the list of files.";
    // A request over the size limit is stopped before the upload code runs, so the server cannot keep a message
    // for it: the names wait in this tab's storage for the reloaded page.
    if (tooLarge.length) sessionStorage.setItem(TOO_LARGE_KEY, JSON.stringify(tooLarge));
    window.location.reload();
  });
}

const TOO_LARGE_KEY = "evidence-too-large";

// GOV.UK error summary for files the server never saw because they were over the request limit.
function showTooLarge(input) {
  let names = [];
  try {
    names = JSON.parse(sessionStorage.getItem(TOO_LARGE_KEY) || "[]");
  } catch {
    names = [];
  }
  sessionStorage.removeItem(TOO_LARGE_KEY);
  if (!names.length || !input) return;
  let summary = document.querySelector(".govuk-error-summary");
  if (!summary) {
    summary = document.createElement("div");
    summary.className = "govuk-error-summary";
    summary.dataset.module = "govuk-error-summary";
    summary.innerHTML =
      '<div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2>' +
      '<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list"></ul></div></div>';
    document.querySelector("main").prepend(summary);
  }
  const list = summary.querySelector(".govuk-error-summary__list");
  for (const name of names) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${input.id}`;
    link.textContent = `The file ‘${name}’ is too large to send. Choose a smaller file`;
    item.appendChild(link);
    list.appendChild(item);
  }
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}

for (const form of document.querySelectorAll("form[data-evidence-upload]")) {
  showTooLarge(form.querySelector("input[type=file]"));
  enhance(form);
}
