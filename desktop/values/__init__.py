"""Values every layer may read: frozen records the services return, the documents print
and the views show (a site's details, a shortlist, the indicators). No table, no session,
no Qt: the views may import them, which they may not do with ``desktop.models``.
"""
