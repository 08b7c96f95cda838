"""The words the device scripts show, translated on the server and handed over as JSON."""

from django.utils.translation import gettext_lazy as _

DEVICE_STRINGS = {
    "waiting_one": _("1 waiting on this device"),
    "waiting_many": _("%s waiting on this device"),
    "attention": _("%s need attention"),
    "saved_device": _("Saved on this device"),
    "saved_server": _("Saved to server"),
    "saving": _("Saving…"),
    "offline": _("Offline: saved on this device"),
    "queued": _("Waiting on this device to be sent"),
    "queued_long": _(
        "No connection: the submission waits on this device and will be sent by itself when "
        "the connection returns. You can close this page."
    ),
    "login_needed": _("Saved on this device; log in again to save to the server"),
    "wrong_user": _(
        "Saved on this device; someone else is logged in now. It is sent when you log in again."
    ),
    "logout_waiting": _(
        "%s waiting on this device for you to be sent. They stay on this device, for you alone, "
        "and are sent when you log in again. Log out?"
    ),
    "others_waiting": _(
        "Also kept on this device for other users: %s. Only they can see them or send them, "
        "when they log in here."
    ),
    "confirm_claim": _(
        "Claim this only if you typed it: it becomes yours and is sent with your login. Claim it?"
    ),
    "unowned_photos": _("Photos kept on this device before it recorded who took them: %s."),
    "not_saved_invalid": _("Saved on this device; not on the server:"),
    "request_refused": _(
        "Nothing was saved: the server refused this save as too large or unreadable. What you "
        "typed is kept on this device."
    ),
    "conflict": _("Not saved to server: someone else saved this record"),
    "conflict_long": _(
        "Someone else saved this record after you opened it. Your answers are kept on this "
        "device; compare them with the stored ones before saving."
    ),
    "compare": _("Compare"),
    "locked": _("This record has been submitted and can no longer be edited."),
    "older_copy": _(
        "This device holds answers to this record based on an older version than the stored one."
    ),
    "restore": _("Restore the answers from this device"),
    "progress": _("%(answered)s of %(relevant)s answered"),
    "progress_wrong": _("%s to correct"),
    "save_errors": _("Not saved to the server: correct these answers."),
    "section_error": _("error"),
    "section_errors_sr": _("answers to correct in this section: %s"),
    "sent_already": _("This form was already sent from this device."),
    "sent_open": _("Open the record"),
    "state_editing": _("In progress"),
    "state_queued": _("Waiting to be sent"),
    "state_attention": _("Needs attention"),
    "attention_help": _("The server refused it: open it to see why."),
    "confirm_delete": _("Delete this copy from this device? What it holds will be lost."),
    "sending": _("Sending…"),
    "photo_checking": _("Protecting the photo: finding faces…"),
    "photo_protected": _(
        "This is the photo as it will be stored: %(n)s faces blurred. Drag on it to blur more."
    ),
    "photo_offline_preview": _(
        "No connection: faces will be blurred when the photo is sent. Drag on it to mark areas "
        "to blur."
    ),
    "photo_choose": _("Choose or take a photo first."),
    "photo_choose_space": _("Choose the space the photo shows."),
    "sent": _("Sent from this device:"),
    "photo_device_full": _("This device has no room left for the photo."),
    "photo_saved": _("Photo saved, protected."),
    "photo_waiting": _("Waiting on this device to be sent"),
    "photo_remove": _("Remove from this device"),
    "photos_waiting": _("Photos waiting on this device to be sent: %s"),
    "photo_refused_status": _("The server refused this photo (error %s)."),
    "photos_refused": _(
        "Photos the server refused: they were not saved (the rest was sent). Take them again "
        "or remove them from this device."
    ),
    "photos_refused_see": _("See them on this device"),
    "photo_waits_for_form": _(
        "Kept on this device: it is sent with the form when the server has the form."
    ),
    "centre_hint": _(
        "Type part of the centre's name, state or municipality, then choose it from the list."
    ),
    "centre_change": _("Change the centre"),
    "centre_found_one": _("1 centre found"),
    "centre_found": _("%s centres found"),
    "centre_none": _("No centre matches what you typed."),
    "centre_more": _("%(shown)s of %(found)s shown: keep typing to narrow the list."),
    "centre_no_list": _(
        "The list of centres is not on this device yet: type the centre's exact name or its number."
    ),
    "centre_number": _("Centre no. %s"),
    "not_on_server": _("Not on the server yet"),
    "saved_on_device_at": _("saved on this device %s"),
}
