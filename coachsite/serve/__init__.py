"""`make serve`: the coach's preview, where a saved edit shows in well under half a second.

`mkdocs serve` rebuilds the whole site after every save: about 3 s at 100 posts, 10 to 15 s at
1000, plus up to half a second before its polling watcher even notices the file. This preview
keeps what the last full build knew (the files, the navigation, the template environment, the
blog's posts and views, all in this process) and splits the work by who is waiting for it:

1. **The edited page at once** (`pages.Pages.render_edit`, a few milliseconds). A native
   file-system watcher (inotify on Linux) reports the save; the file alone goes through the
   content check, then through MkDocs' own per-page steps (`_populate_page`, `_build_page`)
   with the state of the last full build, and the browser reloads. With its frontmatter
   unchanged, the page is byte for byte what a full build writes (tests/serve prove it).
2. **The pages that show it, right after** (`Pages.render_dependents`): the blog's index,
   archive, category and author pages, each the one page of the pagination that holds the
   post; after a change of its frontmatter or title also the pages with macros (the home
   page's newest posts, the topics page) and the other posts whose footer (related posts,
   neighbours, series) now differs from the one last rendered.
3. **Everything else, in the background** (`full.Rebuild`): a complete build in a second
   process, on the other core, into a shadow folder; only the files that differ are copied
   into the served folder, so the browser reloads once more only when something it shows
   changed (a changed date or category in the order of Material's lists, a new address when a
   new title changes the slug, the share card, the search index, the feeds). A newer save
   stops it and starts it again.

A new or removed file, or a change to mkdocs.yml, the authors or the templates, changes the
site's structure: it gets a full build in this process, as `mkdocs serve` does, which also
renews the state that step 1 works from.

A broken edit (frontmatter, an unknown macro) never replaces the last good page: the Dutch
`path:line` lines of the check appear in the terminal and at the bottom of every served page
until the file is fixed.

The production build does not come here: `mkdocs build` is untouched, and so is its output.
This module reaches into private parts of MkDocs' dev server and build and of Material's blog
plugin, proven on the releases in `PROVEN_ON`; with any other release installed, `make serve`
says so in one line and runs plain `mkdocs serve`.
"""

from __future__ import annotations

PROVEN_ON = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}
