"""Create the first admin account with a random password, printed once. Does nothing when one exists."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "首次运行时创建管理员账号（随机密码，只显示一次）"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(options["username"], email="", password=password)
        self.stdout.write(self.style.SUCCESS("已创建管理员账号（密码只显示这一次，请记下）："))
        self.stdout.write(f"  用户名：{options['username']}")
        self.stdout.write(f"  密码：{password}")
