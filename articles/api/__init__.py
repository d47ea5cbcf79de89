"""The JSON API under /api/ (Django REST framework): thin views over the models' and modules' functions.

serializers.py turns rows into JSON, views.py checks access and calls the same model methods and
forms as the pages, pagination.py pages by keyset cursor, authentication.py reads API tokens,
permissions.py maps the pages' model permissions, errors.py makes every error a JSON body.
"""
