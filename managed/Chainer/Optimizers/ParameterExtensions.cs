using System.Runtime.CompilerServices;

namespace Chainer.Optimizers
{
    /// <summary>
    /// Chainer's <c>Parameter.update_rule</c> and <c>Parameter.update()</c>, as extension members:
    /// <c>param.UpdateRule</c> (set by <see cref="GradientMethod.Setup"/>) and <c>param.Update()</c>.
    /// </summary>
    public static class ParameterExtensions
    {
        private static readonly ConditionalWeakTable<Parameter, UpdateRule> Rules = new ConditionalWeakTable<Parameter, UpdateRule>();

        extension(Parameter parameter)
        {
            /// <summary>
            /// The rule that updates this parameter (<c>update_rule</c>), or null. Setting up an optimizer on a link
            /// gives each of its parameters a new rule (the last optimizer set up wins, as in Chainer).
            /// </summary>
            public UpdateRule? UpdateRule
            {
                get => Rules.TryGetValue(parameter, out UpdateRule? rule) ? rule : null;
                set
                {
                    if (value is null)
                    {
                        Rules.Remove(parameter);
                    }
                    else
                    {
                        Rules.AddOrUpdate(parameter, value);
                    }
                }
            }

            /// <summary>Updates the parameter with its <see cref="UpdateRule"/>, if it has one (<c>Parameter.update()</c>).</summary>
            public void Update() => parameter.UpdateRule?.Update(parameter);
        }
    }
}
