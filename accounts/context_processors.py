from . import roles as role_rules


def device_strings(request):
    from fieldwork.device_strings import DEVICE_STRINGS

    return {"device_strings": {key: str(value) for key, value in DEVICE_STRINGS.items()}}


def roles(request):
    user = request.user
    return {
        "can_fill_forms": role_rules.can_fill_forms(user),
        "can_read_registry": role_rules.can_read_registry(user),
        "can_read_results": role_rules.can_read_results(user),
        "is_coordinator": role_rules.is_coordinator(user),
    }
