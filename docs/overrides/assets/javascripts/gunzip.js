/* One helper for search.js and downloads.js: fetch a file of the site and return its bytes,
   decompressed when they are gzip (the search index, the report pages' .json.gz and
   original.*.gz). Some hosts decompress .gz files on the way: bytes without gzip's magic
   number are returned as they are. */
window.grFetchBytes = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${response.url || url}`);
  const data = new Uint8Array(await response.arrayBuffer());
  if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) return data;
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};
