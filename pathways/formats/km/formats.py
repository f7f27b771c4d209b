# Django's Khmer formats set the separators but no grouping; Cambodia groups thousands
# (1.038). Everything not set here comes from django.conf.locale.km.
NUMBER_GROUPING = 3
