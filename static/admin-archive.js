/* The archive's additions to the admin's scripts (a file, not inline, for the CSP).
 *
 * The admin's search-as-you-type selects (select2) show a combobox named only by the
 * value chosen, and an inner "textbox" that, empty, has no name at all: a screen reader
 * announces nothing. Name each combobox by its field's label and the value chosen, and
 * drop the inner role. */
"use strict";
{
    function nameComboboxes(root) {
        root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
            const label = select.id && document.querySelector('label[for="' + select.id + '"]');
            const container = select.nextElementSibling;
            const combobox = container && container.querySelector(".select2-selection");
            if (!label || !combobox) {
                return;
            }
            if (!label.id) {
                label.id = select.id + "-label";
            }
            const shown = container.querySelector(".select2-selection__rendered");
            combobox.setAttribute("aria-labelledby", label.id + (shown ? " " + shown.id : ""));
            if (shown) {
                shown.removeAttribute("role");
                shown.removeAttribute("aria-readonly");
            }
        });
    }

    function afterTheAdminsScripts(callback) {
        // select2 is set up in jQuery "ready" handlers, which run after DOMContentLoaded.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(function () {
                setTimeout(callback);
            });
        } else {
            document.addEventListener("DOMContentLoaded", callback);
        }
    }

    afterTheAdminsScripts(function () {
        nameComboboxes(document);
    });
    // A row added to an inline formset gets its select2 in the same event: name it after.
    document.addEventListener("formset:added", function (event) {
        setTimeout(function () {
            nameComboboxes(event.target);
        });
    });
}
