// The challenge widget of public forms (vendor/altcha, the "external" build that injects
// no inline style or worker): register the SHA-256 worker, served by the site itself.
for (const widget of document.querySelectorAll("altcha-widget[data-worker]")) {
  const url = widget.dataset.worker;
  globalThis.$altcha.algorithms.set("SHA-256", () => new Worker(url));
}
