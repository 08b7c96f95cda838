"""Real images for the photo tests, made with Pillow and scikit-image's bundled samples."""

import io

from PIL import Image

from observations.models import Photo
from observations.photo_views import _store
from observations.photos import protect


def jpeg(image: Image.Image, **save_options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **save_options)
    return out.getvalue()


def plain_image(width=64, height=48, colour=(40, 120, 200)) -> Image.Image:
    return Image.new("RGB", (width, height), colour)


def make_photo(observation, user, space="dormitory") -> Photo:
    photo = Photo(observation=observation, space=space, caption="Dormitorio", uploaded_by=user)
    _store(photo, protect(jpeg(plain_image())))
    photo.save()
    return photo
