import hashlib

from django.db import migrations, models


def remember_current_passwords(apps, schema_editor):
    """Tokens made before this change keep working until their user's password changes."""
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        token.password_fingerprint = hashlib.sha256(token.user.password.encode()).hexdigest()
        token.save(update_fields=["password_fingerprint"])


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_api_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="password_fingerprint",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(remember_current_passwords, migrations.RunPython.noop),
    ]
