// Session timeout warning for staff pages (progressive enhancement: without JavaScript the notice is always shown
// and "Stay signed in" is an ordinary form). With it, the notice waits until shortly before the session ends, then
// appears as an alert with a countdown; "Stay signed in" extends the session without leaving the page. At the end
// the page is loaded again: the server sends it to sign in if the session has ended, or shows it again if the person
// kept the session alive in another tab.

const notice = document.querySelector("[data-dps-session-timeout]");

if (notice) {
  const message = notice.querySelector("[data-dps-session-message]");
  const form = notice.querySelector("[data-dps-stay-signed-in]");
  let endsAt = new Date(notice.dataset.endsAt);
  let warnFrom = new Date(notice.dataset.warnFrom);
  let warned = false;

  const minutesLeft = () => Math.max(0, Math.ceil((endsAt - Date.now()) / 60000));

  const warn = () => {
    const minutes = minutesLeft();
    const unit = minutes === 1 ? "minute" : "minutes";
    message.textContent = form
      ? `You will be signed out in ${minutes} ${unit} because you have not done anything. Choose "Stay signed in" to carry on.`
      : `Your session ends in ${minutes} ${unit}: that is the longest a session can last. Save your work and sign in again.`;
    if (!warned) {
      warned = true;
      notice.classList.remove("dps-session-timeout--waiting");
      notice.classList.add("dps-session-timeout--warning");
      notice.setAttribute("role", "alert");
    }
  };

  const wait = () => {
    warned = false;
    notice.removeAttribute("role");
    notice.classList.remove("dps-session-timeout--warning");
    notice.classList.add("dps-session-timeout--waiting");
  };

  const tick = () => {
    const now = Date.now();
    if (now >= endsAt) {
      window.location.assign(window.location.href);
    } else if (now >= warnFrom) {
      warn();
    }
  };

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) throw new Error(String(response.status));
        const body = await response.json();
        endsAt = new Date(body.ends_at);
        warnFrom = new Date(body.warn_from);
        message.textContent = `You are still signed in. We will sign you out at ${body.ends_at_text} if you do nothing.`;
        warned = false;
        notice.classList.remove("dps-session-timeout--warning");
        notice.setAttribute("role", "status");
      } catch {
        form.submit(); // fall back to the ordinary form post
      }
    });
  }

  wait();
  tick();
  window.setInterval(tick, 15000);
}
