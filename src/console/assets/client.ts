/**
 * The console's few lines of progressive enhancement, served as /console/assets/console.js (a string here so
 * that dist/ carries it). Without it every page still works: forms post, tables read; only charts need it.
 */
export const CONSOLE_JS = `'use strict';
(function () {
  // Charts: each <canvas data-chart> carries its Chart.js configuration; the table beside it has the figures.
  if (typeof window.Chart === 'function') {
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      try {
        var config = JSON.parse(canvas.getAttribute('data-chart'));
        config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false },
          config.options || {});
        new window.Chart(canvas, config);
        canvas.setAttribute('data-drawn', 'true');
      } catch (e) {
        canvas.setAttribute('data-error', String(e && e.message));
      }
    });
  }
  // A decision is posted once: the button is disabled while the page submits.
  document.querySelectorAll('form[method="post"]').forEach(function (form) {
    form.addEventListener('submit', function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (b) { b.setAttribute('aria-disabled', 'true'); });
    });
  });
})();
`;
