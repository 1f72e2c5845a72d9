from wagtail.snippets.models import register_snippet

from jarida.news.models import Author

register_snippet(Author)
