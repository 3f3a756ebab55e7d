//! The options' JS types, as the exports take them (their TypeScript: js/types/).

use wasm_bindgen::prelude::*;

// Their TypeScript is written by hand in js/types/ (the exports' declarations in js/index.d.ts),
// and every export is `skip_typescript`: wasm-bindgen declares nothing.
#[wasm_bindgen]
extern "C" {
    /// Options of `generateVideo` and `createGeneration` (`GenerateVideoOptions`, js/types/models.d.ts).
    pub type GenerateVideoOptions;
    /// Options of `waitForVideo` (`WaitOptions & GenerationRef`, js/types/options.d.ts).
    pub type WaitForVideoOptions;
    /// Options of `getGeneration` (`GenerationRef`, js/types/options.d.ts).
    pub type GetGenerationOptions;
}
