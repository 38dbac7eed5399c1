"""The public portal's pages (Wagtail): the home page, news (with a section per province
whose editors publish there), documents, the campaign page, and the site's settings
(contacts, slogans) that editors change in the CMS.

Content is written in Vietnamese; the site's own words (menus, labels) follow the
language switch. Scheduled publishing and revisions are Wagtail's.
"""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from sobhxh.portal.folding import fold, words

# What an editor may put in a body: no embeds, no inline images (a page has one image of
# its own), nothing that would need the Content Security Policy relaxed.
BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
NEWS_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 20


def _page_of(request, items, per_page):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    """The request's query string less its page number, for the pagination's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """The contacts in the footer and the slogans on the home page."""

    address = models.CharField(
        _("address"), max_length=300, default="Số 7 Tràng Thi, Hoàn Kiếm, Hà Nội"
    )
    hotline = models.CharField(_("hotline"), max_length=50, default="1900 9068")
    email = models.EmailField(_("email"), default="bhxhvn@vss.gov.vn")
    slogans = models.TextField(
        _("slogans"),
        help_text=_("One slogan a line."),
        default=(
            "Sổ BHXH là tài sản của người lao động\n"
            "Người lao động hãy kiểm tra và giữ sổ BHXH của mình\n"
            "Rà soát đúng, bàn giao đủ, đúng hạn"
        ),
    )

    panels = ["address", "hotline", "email", "slogans"]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def slogan_list(self) -> list[str]:
        return [line.strip() for line in self.slogans.splitlines() if line.strip()]


@register_snippet
class NewsCategory(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    panels = ["name", "slug"]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HomePage(Page):
    """The root of the public site."""

    intro = RichTextField(_("introduction"), blank=True, features=BODY_FEATURES)

    content_panels = [*Page.content_panels, "intro"]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.NewsIndexPage", "portal.DocumentIndexPage", "portal.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from sobhxh.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().public().select_related("category").order_by("-date", "-pk")
        )[:6]
        context["campaign"] = selectors.campaign_figures()
        context["campaign_page"] = CampaignPage.objects.live().first()
        context["latest_documents"] = (
            DocumentPage.objects.live().public().order_by("-issued_on", "-pk")[:5]
        )
        return context


class NewsIndexPage(Page):
    """Every news item of the site, the provinces' sections' included, newest first."""

    intro = RichTextField(_("introduction"), blank=True, features=BODY_FEATURES)

    content_panels = [*Page.content_panels, "intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage", "portal.ProvinceSectionPage"]

    class Meta:
        verbose_name = _("news index")

    def news(self):
        return (
            NewsPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("category")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = self.news()
        category = NewsCategory.objects.filter(slug=request.GET.get("category") or "").first()
        if category:
            news = news.filter(category=category)
        context["category"] = category
        context["categories"] = NewsCategory.objects.all()
        context["items"] = _page_of(request, news, NEWS_PER_PAGE)
        context["query_string"] = _query_without_page(request)
        context["sections"] = ProvinceSectionPage.objects.live().child_of(self).order_by("title")
        return context


class ProvinceSectionPage(Page):
    """A provincial office's own news; its editors' group may edit only under it."""

    office = models.OneToOneField(
        "units.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": "province"},
        related_name="portal_section",
    )
    intro = RichTextField(_("introduction"), blank=True, features=BODY_FEATURES)

    content_panels = [*Page.content_panels, "office", "intro"]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = ["portal.NewsPage"]

    class Meta:
        verbose_name = _("province section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("category")
            .order_by("-date", "-pk")
        )
        context["items"] = _page_of(request, news, NEWS_PER_PAGE)
        return context


class NewsPage(Page):
    date = models.DateField(_("date"))
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="news",
    )
    intro = models.TextField(_("introduction"), max_length=500)
    body = RichTextField(_("body"), features=BODY_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, "date", "category", "intro", "body", "image"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["portal.NewsIndexPage", "portal.ProvinceSectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class DocumentKind(models.TextChoices):
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    CIRCULAR = "circular", _("Circular")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    GUIDANCE = "guidance", _("Guidance")
    OTHER = "other", _("Other")


class DocumentIndexPage(Page):
    """The documents, searchable by number, issuer and words, with or without diacritics."""

    intro = RichTextField(_("introduction"), blank=True, features=BODY_FEATURES)

    content_panels = [*Page.content_panels, "intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.DocumentPage"]

    class Meta:
        verbose_name = _("document index")

    def search(self, query: str = "", kind: str = "", in_force: str = ""):
        """The live documents under this index whose number, title, issuer or summary hold
        every word of `query` (diacritics and case ignored), of `kind`, in force ("1") or
        not ("0")."""
        documents = DocumentPage.objects.live().public().descendant_of(self)
        condition = Q()
        for word in words(query):
            condition &= Q(search_text__contains=word)
        documents = documents.filter(condition)
        if kind in DocumentKind.values:
            documents = documents.filter(kind=kind)
        if in_force in {"0", "1"}:
            documents = documents.filter(in_force=in_force == "1")
        return documents.select_related("document").order_by("-issued_on", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "")[:200]
        kind = request.GET.get("kind", "")
        in_force = request.GET.get("in_force", "")
        context.update(
            query=query,
            kind=kind,
            in_force=in_force,
            kinds=DocumentKind.choices,
            items=_page_of(request, self.search(query, kind, in_force), DOCUMENTS_PER_PAGE),
            searched=bool(query or kind or in_force),
            query_string=_query_without_page(request),
        )
        return context


class DocumentPage(Page):
    number = models.CharField(_("number"), max_length=100, help_text=_("e.g. 112/KH-BHXH"))
    issued_on = models.DateField(_("date of issue"))
    issuer = models.CharField(_("issuer"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    summary = models.TextField(_("summary"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    in_force = models.BooleanField(_("in force"), default=True)
    # Number, title, issuer and summary without diacritics or case, for the search.
    search_text = models.TextField(editable=False, default="")

    content_panels = [
        *Page.content_panels,
        "number",
        "issued_on",
        "issuer",
        "kind",
        "in_force",
        "summary",
        "document",
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("issuer"),
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("in_force"),
    ]
    parent_page_types = ["portal.DocumentIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["issued_on"], name="portal_document_issued_on")]

    def full_clean(self, *args, **kwargs):
        self.search_text = self.folded()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.search_text = self.folded()
        return super().save(*args, **kwargs)

    def folded(self) -> str:
        return fold(" ".join([self.number, self.title, self.issuer, self.summary]))


class CampaignPage(Page):
    """Plan 112/KH-BHXH: the national figures and every province against the targets."""

    intro = RichTextField(_("introduction"), blank=True, features=BODY_FEATURES)
    plan = models.ForeignKey(
        "portal.DocumentPage",
        verbose_name=_("the plan's document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, "intro", "plan"]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("campaign page")

    def get_context(self, request, *args, **kwargs):
        from sobhxh.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["campaign"] = selectors.campaign_figures()
        return context
