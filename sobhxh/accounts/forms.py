from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with the site's form rows
    (`forms/field.html`): a label for every field, its help and its errors beside it."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
