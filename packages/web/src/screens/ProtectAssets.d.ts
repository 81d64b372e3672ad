// Assets imported by the Protect screens (Vite): stylesheets (side effect only) and files by URL.
declare module '*.css';
declare module '*?url' {
  const url: string;
  export default url;
}
