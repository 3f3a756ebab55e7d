// Used by `npm run bench`: the empty module that bench-empty.html imports in place of the package.
