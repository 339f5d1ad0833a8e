"""Images of a frozen case version as pages show them: their URLs, and overlays in pixels."""

from collections.abc import Callable

from django.core.files.storage import default_storage


def images(
    content: dict, url_for: Callable[[dict], str], rendition_url: Callable[[str], str] | None
) -> dict[int, dict]:
    """Every image of the version by id, with its URL and (when served) its srcset."""
    out = {}
    for step in content["steps"]:
        for image in step["images"]:
            srcset = ""
            if rendition_url is not None:
                srcset = ", ".join(
                    f"{rendition_url(r['name'])} {r['width']}w" for r in image.get("renditions", [])
                )
            out[image["id"]] = dict(image, url=url_for(image), srcset=srcset)
    return out


def stored_images(content: dict) -> dict[int, dict]:
    """The images as the web app serves them, renditions included."""
    return images(content, lambda image: default_storage.url(image["name"]), default_storage.url)


def overlay(image: dict, shapes: list[dict]) -> list[dict]:
    """Annotation or region shapes in the image's pixel space, for an SVG overlay."""
    w, h = image["width"], image["height"]
    out = []
    for shape in shapes:
        kind = shape.get("type") or shape.get("shape")
        if kind == "arrow":
            out.append(
                {
                    "type": "arrow",
                    "x1": shape["x1"] * w,
                    "y1": shape["y1"] * h,
                    "x2": shape["x2"] * w,
                    "y2": shape["y2"] * h,
                    "label": shape.get("label", ""),
                    # Labels grow away from the image edge nearest the arrow's tail.
                    "anchor": "end" if shape["x1"] > 0.5 else "start",
                }
            )
        elif kind == "label":
            out.append(
                {
                    "type": "label",
                    "x": shape["x"] * w,
                    "y": shape["y"] * h,
                    "label": shape.get("label", ""),
                    "anchor": "end" if shape["x"] > 0.5 else "start",
                }
            )
        elif kind == "ellipse":
            out.append(
                {
                    "type": "ellipse",
                    "cx": shape["cx"] * w,
                    "cy": shape["cy"] * h,
                    "rx": shape["rx"] * w,
                    "ry": shape["ry"] * h,
                    "label": shape.get("label", ""),
                }
            )
        elif kind == "rect":
            out.append(
                {
                    "type": "rect",
                    "x": shape["x"] * w,
                    "y": shape["y"] * h,
                    "w": shape["w"] * w,
                    "h": shape["h"] * h,
                    "label": shape.get("label", ""),
                }
            )
        elif kind == "polygon":
            points = " ".join(f"{x * w:.1f},{y * h:.1f}" for x, y in shape["points"])
            out.append({"type": "polygon", "points": points, "label": shape.get("label", "")})
    return out
