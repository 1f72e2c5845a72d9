"""`{% fragment %}`: a part of a template kept rendered in the cache under cache tags.

    {% fragment "article" page.pk page.live_revision_id request.get_host tags=page.cache_tags %}
      ...
    {% endfragment %}

The name and the values after it make the key: they must name everything the part shows
that its tags' purges do not cover. `tags` (a string or a list of strings) say which purges
end it (`jarida.pagecache.tags`), as for whole pages; `expires` (a datetime) ends it at a
known moment. A preview renders the part afresh and keeps nothing, since a draft shares its
page's key. Why not Django's `{% cache %}`: it has no purge but a timeout, so a fragment
would show an unpublished article until it ran out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from jarida.pagecache import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(
        self,
        nodelist: template.NodeList,
        vary_on: list[template.base.FilterExpression],
        options: dict[str, template.base.FilterExpression],
    ) -> None:
        self.nodelist = nodelist
        self.vary_on = vary_on
        self.options = options

    def render(self, context: template.Context) -> SafeString:
        parts = [str(expression.resolve(context)) for expression in self.vary_on]
        key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        tags = self._resolve("tags", context) or ()
        if isinstance(tags, str):
            tags = (tags,)
        moment: dt.datetime | None = self._resolve("expires", context)
        html = fragments.cached(
            f"html:{key}",
            [str(tag) for tag in tags],
            lambda: str(self.nodelist.render(context)),
            expires_at=lambda _: moment.timestamp() if moment is not None else None,
            request=context.get("request"),
        )
        return mark_safe(html)  # rendered (and escaped) by the template itself

    def _resolve(self, option: str, context: template.Context) -> Any:
        expression = self.options.get(option)
        return expression.resolve(context) if expression is not None else None


@register.tag
def fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    vary_on, options = [], {}
    for bit in bits:
        option, equals, value = bit.partition("=")
        if equals and option in ("tags", "expires"):
            options[option] = parser.compile_filter(value)
        elif equals:
            raise template.TemplateSyntaxError(f"{{% fragment %}} has no option {option!r}")
        else:
            vary_on.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, vary_on, options)
