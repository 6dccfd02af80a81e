// sql.js's build with the WebAssembly embedded, so the bundle needs no separate .wasm file.
declare module 'sql.js/dist/sql-wasm-inline.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
