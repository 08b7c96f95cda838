"""Identity protection for observation photos, applied before anything is stored.

An upload is decoded with Pillow (never trusted by its name or content type), checked against
a size and a pixel limit, turned upright, stripped of every piece of metadata (EXIF with GPS,
device, XMP, comments) by rebuilding it from its pixels, and every face OpenCV's Haar cascades
find (frontal and profile, both directions, several scales) is pixelated and blurred with a
margin, irreversibly. Only the re-encoded result and its thumbnail leave this module; the
original bytes stay in memory.
"""

import io
import math
from dataclasses import dataclass

import cv2
import numpy as np
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC from iPhones, when the registry package is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - the package is a declared dependency
    HEIF = False

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"} | ({"HEIF"} if HEIF else set())
DETECTION_SIDE = 1600  # faces are looked for on a copy at most this wide or high
MARGIN = 0.3  # of the face box, on every side
THUMB_SIDE = 360

_CASCADES = [
    cv2.CascadeClassifier(cv2.data.haarcascades + name)
    for name in (
        "haarcascade_frontalface_default.xml",
        "haarcascade_frontalface_alt2.xml",
        "haarcascade_profileface.xml",
    )
]
_PROFILE = _CASCADES[2]

Box = tuple[int, int, int, int]  # x, y, width, height in pixels


class PhotoError(ValueError):
    """An upload that is refused, with a message for the person who sent it."""


@dataclass(frozen=True)
class ProtectedPhoto:
    image: bytes  # JPEG
    thumbnail: bytes  # JPEG
    width: int
    height: int
    faces: int


def max_bytes() -> int:
    return settings.PHOTO_MAX_MB * 1024 * 1024


def decode(data: bytes) -> Image.Image:
    """Decode and check an upload: format, byte size, pixel count, completeness."""
    if len(data) > max_bytes():
        raise PhotoError(
            _("The photo is larger than %(mb)s MB. Take it at a lower resolution.")
            % {"mb": settings.PHOTO_MAX_MB}
        )
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise PhotoError(
            _("This file is not a photo we can read (JPEG, PNG, WebP or HEIC).")
        ) from error
    if image.format not in ALLOWED_FORMATS:
        raise PhotoError(_("This file is not a photo we can read (JPEG, PNG, WebP or HEIC)."))
    width, height = image.size
    if width * height > settings.PHOTO_MAX_PIXELS:
        raise PhotoError(
            _("The photo has too many pixels (%(mp)s megapixels at most).")
            % {"mp": settings.PHOTO_MAX_PIXELS // 1_000_000}
        )
    try:
        image.load()
    except Exception as error:
        # A truncated or corrupt file fails in its decoder, and decoders fail in their own
        # ways (Pillow: OSError, SyntaxError; pillow-heif: ValueError, RuntimeError; ...).
        raise PhotoError(_("The photo is damaged or incomplete. Send it again.")) from error
    return image


def upright_rgb(image: Image.Image) -> np.ndarray:
    """Pixels only, turned as the camera meant: no EXIF, XMP, ICC or comment survives."""
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a damaged orientation tag: the pixels as they are
        image = image.copy()
    return np.asarray(image.convert("RGB")).copy()


def detect_faces(pixels: np.ndarray) -> list[Box]:
    height, width = pixels.shape[:2]
    scale = min(1.0, DETECTION_SIDE / max(width, height))
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    if scale < 1.0:
        gray = cv2.resize(gray, (round(width * scale), round(height * scale)))
    gray = cv2.equalizeHist(gray)
    small_side = max(20, round(min(gray.shape) * 0.03))
    found: list[Box] = []
    for cascade in _CASCADES:
        boxes = cascade.detectMultiScale(
            gray, scaleFactor=1.08, minNeighbors=4, minSize=(small_side, small_side)
        )
        found += [tuple(int(v) for v in box) for box in boxes]
    # Profiles looking the other way: the cascade knows one direction only.
    flipped = cv2.flip(gray, 1)
    for x, y, w, h in _PROFILE.detectMultiScale(
        flipped, scaleFactor=1.08, minNeighbors=4, minSize=(small_side, small_side)
    ):
        found.append((int(gray.shape[1] - x - w), int(y), int(w), int(h)))
    return [tuple(round(v / scale) for v in box) for box in found]


def blur_boxes(pixels: np.ndarray, boxes: list[Box], margin: float = MARGIN) -> np.ndarray:
    """Pixelate, then blur, each box grown by `margin`: the detail cannot be recovered."""
    height, width = pixels.shape[:2]
    for x, y, w, h in boxes:
        dx, dy = round(w * margin), round(h * margin)
        x0, y0 = max(0, x - dx), max(0, y - dy)
        x1, y1 = min(width, x + w + dx), min(height, y + h + dy)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        region = pixels[y0:y1, x0:x1]
        blocks = cv2.resize(region, (max(1, (x1 - x0) // 16), max(1, (y1 - y0) // 16)),
                            interpolation=cv2.INTER_AREA)  # fmt: skip
        coarse = cv2.resize(blocks, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
        kernel = max(3, ((min(x1 - x0, y1 - y0) // 4) | 1))
        pixels[y0:y1, x0:x1] = cv2.GaussianBlur(coarse, (kernel, kernel), 0)
    return pixels


def areas_to_boxes(areas: list[dict], width: int, height: int) -> list[Box]:
    """Rectangles drawn by the researcher, as fractions (0..1) of the image, to pixels."""
    boxes = []
    for area in areas:
        try:
            x, y, w, h = (float(area[k]) for k in ("x", "y", "w", "h"))
        except (KeyError, TypeError, ValueError, IndexError, OverflowError) as error:
            raise PhotoError(_("The areas to blur could not be read.")) from error
        if not all(math.isfinite(v) for v in (x, y, w, h)):
            raise PhotoError(_("The areas to blur could not be read."))
        x, y = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)
        w, h = min(max(w, 0.0), 1.0 - x), min(max(h, 0.0), 1.0 - y)
        boxes.append((round(x * width), round(y * height), round(w * width), round(h * height)))
    return boxes


def encode(pixels: np.ndarray, side: int | None = None) -> bytes:
    image = Image.fromarray(pixels)  # a new image: it carries no metadata at all
    if side:
        image.thumbnail((side, side))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def _result(pixels: np.ndarray, faces: int) -> ProtectedPhoto:
    return ProtectedPhoto(
        image=encode(pixels),
        thumbnail=encode(pixels, THUMB_SIDE),
        width=pixels.shape[1],
        height=pixels.shape[0],
        faces=faces,
    )


def protect(data: bytes, areas: list[dict] | None = None) -> ProtectedPhoto:
    """The upload with faces (and any areas drawn) blurred and no metadata."""
    pixels = upright_rgb(decode(data))
    faces = detect_faces(pixels)
    boxes = faces + areas_to_boxes(areas or [], pixels.shape[1], pixels.shape[0])
    return _result(blur_boxes(pixels, boxes), len(faces))


def blur_more(stored: bytes, areas: list[dict]) -> ProtectedPhoto:
    """Blur further areas of an already protected photo (margin-free: drawn by hand)."""
    pixels = upright_rgb(decode(stored))
    boxes = areas_to_boxes(areas, pixels.shape[1], pixels.shape[0])
    return _result(blur_boxes(pixels, boxes, margin=0.0), 0)
