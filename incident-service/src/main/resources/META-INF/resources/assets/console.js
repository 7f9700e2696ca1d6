// The responder console: a form someone is typing in is never swapped out by a live update (its text would be
// lost); "Do it" links open the form they point at.
(function () {
  document.addEventListener('input', function (event) {
    var form = event.target.closest && event.target.closest('form[method=post]');
    if (form) { form.setAttribute('data-dirty', 'true'); }
  });
  document.addEventListener('htmx:beforeRequest', function (event) {
    var target = event.detail.elt;
    if (target && target.id === 'actions' && target.querySelector('form[data-dirty]')) {
      event.preventDefault();
    }
  });
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-open]');
    if (!link) { return; }
    var details = document.getElementById(link.getAttribute('data-open'));
    if (details) { details.open = true; }
  });
})();
