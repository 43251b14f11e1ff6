// Keeps the build's own cache (.cache/: share images, WebP copies of post images) from one
// Netlify deploy to the next, with Netlify's cache utilities. Without it, every deploy
// draws every share card again. Nothing here can fail a deploy: a missing cache only
// makes the build slower.
const PATHS = [".cache/share-images", ".cache/post-images"];

module.exports = {
  async onPreBuild({ utils }) {
    const restored = await utils.cache.restore(PATHS);
    console.log(restored ? "Buildcache teruggezet" : "Nog geen buildcache");
  },
  async onSuccess({ utils }) {
    await utils.cache.save(PATHS);
    console.log("Buildcache bewaard");
  },
};
