namespace StellarMemory.Core.Embeddings;

/// <summary>How much of a text an embedder understands, from 0 to 1: everything for a multilingual model; for an
/// English-only one, the share of the text's letters that are Latin. Recall weighs the vector branch by it, so a
/// Korean question is answered by the keyword branch rather than by vectors that carry no meaning.</summary>
public static class EmbedderCoverage
{
    public static double Of(IEmbedder embedder, string? text)
    {
        if (embedder.Multilingual || string.IsNullOrEmpty(text))
        {
            return 1;
        }
        int letters = 0, latin = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }
            letters++;
            if (IsLatin(c))
            {
                latin++;
            }
        }
        return letters == 0 ? 1 : (double)latin / letters;
    }

    // Basic Latin to Latin Extended-B, and Latin Extended Additional (Vietnamese and other accented letters).
    private static bool IsLatin(char c) => c <= '\u024F' || c is >= '\u1E00' and <= '\u1EFF';
}
