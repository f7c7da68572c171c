from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "hyoka.projects"
    verbose_name = "事業"
