"""Replace Wagtail's welcome page with the paper's home page and point the default site at it."""

from django.conf import settings
from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("news.HomePage")

    # Wagtail's own migration creates a placeholder page at depth 2; the paper replaces it.
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="news")
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE) \
        if Locale.objects.filter(language_code=settings.LANGUAGE_CODE).exists() \
        else Locale.objects.first()
    home = HomePage.objects.create(
        title=settings.SITE_NAME,
        draft_title=settings.SITE_NAME,
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.id,
                        is_default_site=True, site_name=settings.SITE_NAME)


def remove_home_page(apps, schema_editor):
    apps.get_model("news.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
